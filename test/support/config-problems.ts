import { ConfigError, loadConfig } from '../../src/config/config';

/** The problems a ConfigError lists; fails the test when the environment is accepted or something else is thrown. */
export function configProblemsOf(env: Record<string, string>): readonly string[] {
  let thrown: unknown;
  try {
    loadConfig(env);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  return (thrown as ConfigError).problems;
}
