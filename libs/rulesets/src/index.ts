export * from './bundled';
export * from './ruleset';
export * from './ruleset-validation';
export * from './ruleset-vocabulary';
export * from './rulesets.module';
export * from './rulesets.service';
export * from './dto/review-type.dto';
export * from './ruleset-files';
