import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Board checkpoints cannot be changed or removed (issue 19, point 4). A checkpoint is a board's
 * anchor of the audit chain's head: if it could be edited or deleted, whoever removed the newest
 * audit entries could remove the checkpoint that names them too. So, as for `audit_entries`:
 *
 * - the application's roles (`dhr_app` for the api's requests, `dhr_system` for the worker) may
 *   only add and read them: UPDATE, DELETE and TRUNCATE are revoked;
 * - a trigger refuses UPDATE, DELETE and TRUNCATE to everyone else too (the owner, a superuser
 *   by mistake); only switching triggers off, which a superuser alone can, gets past it.
 *
 * Nothing in the product changes or removes a checkpoint: disposal keeps them (they hold no
 * personal data), boards are never deleted, and a test's database is dropped whole.
 */
export class ImmutableCheckpoints1765410000000 implements MigrationInterface {
  name = 'ImmutableCheckpoints1765410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION board_checkpoints_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'board checkpoints cannot be changed or removed: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(
      `CREATE TRIGGER board_checkpoints_no_update_delete BEFORE UPDATE OR DELETE ON board_checkpoints FOR EACH ROW EXECUTE FUNCTION board_checkpoints_immutable()`,
    );
    await q.query(
      `CREATE TRIGGER board_checkpoints_no_truncate BEFORE TRUNCATE ON board_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION board_checkpoints_immutable()`,
    );
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON board_checkpoints FROM dhr_app, dhr_system`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`GRANT UPDATE, DELETE ON board_checkpoints TO dhr_app, dhr_system`);
    await q.query(`DROP TRIGGER board_checkpoints_no_truncate ON board_checkpoints`);
    await q.query(`DROP TRIGGER board_checkpoints_no_update_delete ON board_checkpoints`);
    await q.query(`DROP FUNCTION board_checkpoints_immutable()`);
  }
}
