module.exports = {
  displayName: 'fault-injection',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/libs/fault-injection',
};
