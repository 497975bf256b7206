import { changeColumnsOf } from './change-columns';

describe('the change columns of a binlog table', () => {
  it('are _tidemark_operation, _tidemark_position and _tidemark_change', () => {
    expect(changeColumnsOf([{ name: 'id' }])).toEqual({
      operationColumn: '_tidemark_operation',
      positionColumn: '_tidemark_position',
      orderColumn: '_tidemark_change',
    });
  });

  it('take a suffix where a source column has the name, in any case', () => {
    const columns = [
      { name: 'id' },
      { name: '_TIDEMARK_OPERATION' },
      { name: '_tidemark_change' },
      { name: '_tidemark_change_2' },
    ];
    expect(changeColumnsOf(columns)).toEqual({
      operationColumn: '_tidemark_operation_2',
      positionColumn: '_tidemark_position',
      orderColumn: '_tidemark_change_3',
    });
  });
});
