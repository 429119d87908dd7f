import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@app/access';
import { Environment } from '@app/config';

interface Link {
  href: string;
  title: string;
}

/** GET /api: where to go next, for a person or a client that has only the api's address. */
@ApiTags('health')
@Controller()
export class ApiIndexController {
  constructor(private readonly env: Environment) {}

  @Public()
  @Get()
  index(): { name: string; publicUrl: string; links: Record<string, Link> } {
    const base = this.env.PUBLIC_URL.replace(/\/$/, '');
    return {
      name: 'Statutory death reviews',
      publicUrl: base,
      links: {
        self: { href: `${base}/api`, title: 'This list' },
        docs: { href: `${base}/api/docs`, title: 'The OpenAPI explorer: every route, query and body' },
        openapi: { href: `${base}/api/docs-json`, title: 'The OpenAPI document, as JSON' },
        health: { href: `${base}/api/health`, title: 'Health: the database, and clamd when one is set (no token needed)' },
        token: { href: `${base}/api/auth/token`, title: 'POST {email, password} for a bearer token' },
        web: { href: `${base}/`, title: 'The web pages' },
        guide: { href: 'docs/api.md', title: "The API guide, in the product's source (README.md there says how to run it)" },
      },
    };
  }
}
