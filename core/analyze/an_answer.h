/*
 * an_answer.h - internal to the analyzer: the answer chain (the queried
 * name, then each CNAME target), its denial proofs, the verdict and the
 * next break.
 */
#ifndef CS_AN_ANSWER_H
#define CS_AN_ANSWER_H

#include "analyze/an_ctx.h"

/* Evaluate every link of the answer (after all zones). */
void an_eval_answer(ctx *x);

/* The verdict, finding counts and next break. */
void an_finish(ctx *x);

#endif
