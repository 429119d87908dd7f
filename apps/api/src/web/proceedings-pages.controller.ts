import { Get, Param, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AuthenticatedUser, IdParam } from '@app/common';
import { ProceedingsService } from '@app/proceedings';
import { ReviewQueries } from '@app/reviews';
import { proceedingsPage } from './page-models/proceedings-page';
import { render, WebController } from './render';
import { WebRequest } from './web-session';

type SignedIn = WebRequest & { user: AuthenticatedUser };

/** A review's parallel proceedings (issue 16.2): listed here, recorded and updated with the actions on the review's page. */
@WebController('reviews')
export class ProceedingsPagesController {
  constructor(
    private readonly reviews: ReviewQueries,
    private readonly proceedings: ProceedingsService,
  ) {}

  @Get(':id/proceedings')
  async show(@Req() req: SignedIn, @Res() res: Response, @Param('id', new IdParam('review')) id: string): Promise<void> {
    const review = await this.reviews.get(req.user, id);
    return render(res, 'reviews/proceedings.njk', proceedingsPage(review, await this.proceedings.list(req.user, id)));
  }
}
