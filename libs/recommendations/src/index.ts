export * from './dto/recommendation.dto';
export * from './entities/recommendation-action.entity';
export * from './entities/recommendation.entity';
export * from './recommendations.module';
export * from './recommendations.service';
