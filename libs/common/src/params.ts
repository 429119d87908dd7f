import { Injectable, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { NotFoundProblem } from './problem';

/**
 * An id in a path that is not even a UUID names nothing, so it is a 404 like any unknown id
 * (a 400 would tell a caller something about ids it is not entitled to).
 */
@Injectable()
export class IdParam implements PipeTransform<string, string> {
  constructor(private readonly what = 'resource') {}

  transform(value: string): string {
    if (!isUUID(value)) throw new NotFoundProblem(`No ${this.what} with that id.`);
    return value;
  }
}
