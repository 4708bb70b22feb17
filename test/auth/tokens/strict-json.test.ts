import { parseStrictJsonObject } from '../../../src/auth/tokens/strict-json';

describe('parseStrictJsonObject', () => {
  test.each([
    ['a flat object', '{"alg":"HS256","typ":"JWT"}', { alg: 'HS256', typ: 'JWT' }],
    ['equal keys in different objects', '{"a":{"x":1},"b":{"x":2},"c":[{"x":3},{"x":4}]}', { a: { x: 1 }, b: { x: 2 }, c: [{ x: 3 }, { x: 4 }] }],
    ['a key that appears as a value', '{"sub":"sub","x":["sub","sub"]}', { sub: 'sub', x: ['sub', 'sub'] }],
    ['escaped quotes and colons inside strings', '{"a":"\\":\\"","b":"{\\"a\\":1}"}', { a: '":"', b: '{"a":1}' }],
    ['whitespace around colons', '{ "a" :\n 1 , "b"\t: 2 }', { a: 1, b: 2 }],
  ])('accepts %s', (_name, text, expected) => {
    expect(parseStrictJsonObject(text)).toEqual(expected);
  });

  test.each([
    ['a repeated key', '{"sub":"a","sub":"b"}'],
    ['a repeated key spelled with an escape', '{"sub":"a","s\\u0075b":"b"}'],
    ['a repeated key in a nested object', '{"a":{"x":1,"x":2}}'],
    ['a repeated key in an object inside an array', '{"a":[{"x":1,"x":2}]}'],
    ['a repeated key after long whitespace', `{"a":1,"a"${' '.repeat(100)}:2}`],
    ['an array', '[{"a":1}]'],
    ['a string', '"text"'],
    ['null', 'null'],
    ['broken JSON', '{"a":'],
    ['trailing garbage', '{"a":1} x'],
  ])('refuses %s', (_name, text) => {
    expect(parseStrictJsonObject(text)).toBeUndefined();
  });
});
