import type { Command } from 'commander';
import { SECRET_FIELDS } from '../../config/configSchema';
import { configFromOptions, withConfigOptions } from '../configOptions';

/** `check-config`: validates the settings and prints them with where each came from (secrets hidden). */
export function checkConfigCommand(program: Command): void {
  withConfigOptions(
    program.command('check-config').description('validate the settings and print them (secrets hidden)'),
  ).action((options: Record<string, unknown>) => {
    const { config, sources } = configFromOptions(options);
    const shown = Object.fromEntries(
      Object.entries(config).map(([k, v]) => [
        k,
        {
          value: SECRET_FIELDS.includes(k as never) && v !== undefined ? '(set, hidden)' : (v ?? null),
          from: sources[k as keyof typeof sources] ?? 'default',
        },
      ]),
    );
    console.log(JSON.stringify(shown, null, 2));
  });
}
