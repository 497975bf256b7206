module.exports = {
  displayName: 'pipeline-runs',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/libs/pipeline-runs',
};
