import { ArgumentsHost, Logger } from '@nestjs/common';
import { ConflictProblem } from './problem';
import { ProblemDetailsFilter } from './problem-details.filter';

function host(sent: { status?: number; type?: string; body?: string }) {
  const res = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return res;
    },
    type(type: string) {
      sent.type = type;
      return res;
    },
    send(body: string) {
      sent.body = body;
      return res;
    },
  };
  return {
    switchToHttp: () => ({ getRequest: () => ({ correlationId: 'c-1', originalUrl: '/api/reviews/x?y=1' }), getResponse: () => res }),
  } as unknown as ArgumentsHost;
}

describe('problem details', () => {
  afterEach(() => jest.restoreAllMocks());

  it('keeps the members RFC 9457 defines even when an extension names one of them', () => {
    const sent: { status?: number; type?: string; body?: string } = {};
    new ProblemDetailsFilter().catch(new ConflictProblem('Wrong stage.', { status: 'paused', currentStage: 'decision', code: 'other' }), host(sent));
    expect(sent.status).toBe(409);
    expect(sent.type).toBe('application/problem+json');
    expect(JSON.parse(sent.body!)).toEqual({
      type: 'urn:dhr-reviews:problem:conflict',
      code: 'conflict',
      title: 'Conflict',
      status: 409,
      detail: 'Wrong stage.',
      correlationId: 'c-1',
      currentStage: 'decision',
      instance: '/api/reviews/x',
    });
  });

  it('answers an unexpected error with a bare 500, and logs it without the query parameters it carries', () => {
    const logged: unknown[] = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((entry: unknown) => void logged.push(entry));
    const failure = Object.assign(new Error('duplicate key value'), { parameters: ['Adult A', 'what a caller typed about the case'] });
    const sent: { status?: number; body?: string } = {};
    new ProblemDetailsFilter().catch(failure, host(sent));
    expect(sent.status).toBe(500);
    expect(JSON.parse(sent.body!).detail).toBe('Something went wrong on our side. Quote the correlation id if you report it.');
    expect(JSON.parse(sent.body!).code).toBe('internal-error');
    expect(JSON.stringify(logged)).toContain('duplicate key value');
    expect(JSON.stringify(logged)).not.toContain('what a caller typed');
    expect(sent.body).not.toContain('duplicate key');
  });
});
