// SPDX-License-Identifier: GPL-2.0
/*
 * A field wrapped into an anonymous union with a second name of the
 * same type, at the same place (struct rq's curr and donor): the
 * running kernel's instances already hold the new name's value, so the
 * layout did not change for the new code.  Not refused.
 */
struct task;

struct runq {
	int nr_running;
	union {
		struct task *donor;
		struct task *curr;
	};
	long clock;
};

struct task *runq_pick(struct runq *rq);
struct task *runq_pick(struct runq *rq)
{
	return rq->nr_running > 1 ? rq->donor : 0;
}
