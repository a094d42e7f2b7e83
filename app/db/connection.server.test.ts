import { describe, expect, it } from 'vitest';
import { createSequelize } from './connection.server';

describe('database connection settings', () => {
  it('signs every new RDS connection with a fresh IAM auth token instead of a password', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIAEXAMPLEEXAMPLE00';
    process.env.AWS_SECRET_ACCESS_KEY = 'example-secret-not-used-on-the-network';
    const sequelize = createSequelize({
      url: 'mysql://employees_app@mydb.abc123.eu-west-1.rds.amazonaws.com:3306/employees',
      iamAuth: true,
      tls: true,
      region: 'eu-west-1',
    });
    // runHooks and options exist at runtime but are not in Sequelize's public types.
    const internals = sequelize as unknown as {
      runHooks(name: 'beforeConnect', config: { password?: string }): Promise<void>;
      options: { dialectOptions?: { ssl?: { rejectUnauthorized?: boolean } } };
    };
    const first: { password?: string } = {};
    const second: { password?: string } = {};
    await internals.runHooks('beforeConnect', first);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await internals.runHooks('beforeConnect', second);
    expect(first.password).toMatch(
      /^mydb\.abc123\.eu-west-1\.rds\.amazonaws\.com:3306\/\?Action=connect&DBUser=employees_app&/,
    );
    expect(first.password).toContain('X-Amz-Signature=');
    expect(second.password).not.toBe(first.password);
    expect((sequelize.config as unknown as { password?: string }).password ?? null).toBeNull();
    const dialectOptions = internals.options.dialectOptions;
    expect(dialectOptions?.ssl?.rejectUnauthorized).toBe(true);
    await sequelize.close();
  });
});
