module.exports = {
  displayName: 'extraction',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/libs/extraction',
  // @vlasky/zongji (the binlog strategy's stream) ships ES modules only: let SWC turn it into CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!@vlasky/zongji/)'],
};
