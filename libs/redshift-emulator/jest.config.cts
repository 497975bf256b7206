module.exports = {
  displayName: 'redshift-emulator',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/libs/redshift-emulator',
};
