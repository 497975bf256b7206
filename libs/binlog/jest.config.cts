module.exports = {
  displayName: 'binlog',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/libs/binlog',
  // @vlasky/zongji ships ES modules only: let SWC turn it into CommonJS like our own code.
  transformIgnorePatterns: ['/node_modules/(?!@vlasky/zongji/)'],
};
