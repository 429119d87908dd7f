// Runs before each e2e test file, before any product module is imported.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
process.env.JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
process.env.SEED_DEMO = 'false';
process.env.BOOTSTRAP_ADMIN_EMAIL = 'admin@test.example';
process.env.BOOTSTRAP_ADMIN_PASSWORD = 'admin-password-for-tests';
process.env.TOTP_REQUIRED_ROLES = 'none';
