// SPDX-License-Identifier: GPL-2.0
/*
 * A second name of another type given to a field by an anonymous
 * union: unlike a second name of the same type, the new code reads the
 * running kernel's value as something else.  Refused, naming the field.
 */
struct word {
	long total;
	union {
		long value;
	};
};

long word_value(struct word *w);
long word_value(struct word *w)
{
	return w->value;
}
