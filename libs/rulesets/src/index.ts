export * from './bundled';
export * from './ruleset';
export * from './ruleset-validation';
export * from './rulesets.module';
export * from './rulesets.service';
