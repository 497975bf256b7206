module.exports = {
  displayName: 'watermark-dto',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/libs/watermark-dto',
};
