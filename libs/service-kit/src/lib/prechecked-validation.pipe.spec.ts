import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { IsInt } from 'class-validator';
import { PrecheckedValidationPipe } from './prechecked-validation.pipe';

class CountDto {
  static acceptsAsIs = (value: unknown) => JSON.stringify(value) === '{"count":1}';
  @IsInt() count!: number;
}

class PlainCountDto {
  @IsInt() count!: number;
}

const options = { whitelist: true, forbidNonWhitelisted: true, transform: true };
const refusal = async (pipe: ValidationPipe, value: unknown, metatype: unknown) => {
  try {
    await pipe.transform(value, { type: 'body', metatype: metatype as never });
  } catch (error) {
    return (error as BadRequestException).getResponse();
  }
  throw new Error('not refused');
};

describe('PrecheckedValidationPipe', () => {
  const pipe = new PrecheckedValidationPipe(options);

  it('passes a body its DTO vouches for on as it is, without making a class instance', async () => {
    const body = { count: 1 };
    expect(await pipe.transform(body, { type: 'body', metatype: CountDto })).toBe(body);
  });

  it('validates every other body as ValidationPipe does: the same instance, the same refusal', async () => {
    expect(await pipe.transform({ count: 2 }, { type: 'body', metatype: CountDto })).toBeInstanceOf(CountDto);
    expect(await pipe.transform({ count: 1 }, { type: 'body', metatype: PlainCountDto })).toBeInstanceOf(PlainCountDto);
    for (const bad of [{ count: 'x' }, { count: 1, extra: true }, null]) {
      expect(await refusal(pipe, bad, CountDto)).toEqual(await refusal(new ValidationPipe(options), bad, CountDto));
    }
  });

  it('does not take the shortcut for a query or a path parameter', async () => {
    expect(await pipe.transform({ count: 1 }, { type: 'query', metatype: CountDto })).toBeInstanceOf(CountDto);
  });
});
