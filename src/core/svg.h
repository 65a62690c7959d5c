/*
 * A tiny server-side SVG chart writer: values by month as bars or lines,
 * with an optional goal line, drawn on a fixed viewBox so the picture
 * scales with the page and prints.  No script, no external style: every
 * text (title, labels, legend) is XML-escaped here, so the result may be
 * put into an HTML template unescaped.
 */
#ifndef MANYI_SVG_H
#define MANYI_SVG_H

#include <stddef.h>

struct buf;

#define SVG_W		640	/* viewBox width */
#define SVG_H		260	/* viewBox height */

enum svg_kind {
	SVG_BARS,	/* one bar per series in each column */
	SVG_LINES,	/* one line per series */
};

struct svg_series {
	const char	*label;	/* legend text */
	const double	*v;	/* one value per column; NAN: no value */
};

struct svg_chart {
	enum svg_kind		  kind;
	const char		 *title;	/* the picture's accessible name */
	const char		 *id;		/* the svg element's id, or NULL */
	size_t			  n;		/* columns (months, tiers ...) */
	const char *const	 *xlabels;	/* n labels */
	double			  ymin;		/* value axis range */
	double			  ymax;
	const char		 *unit;		/* after tick values ("%"), or NULL */
	int			  has_goal;
	double			  goal;
	const char		 *goal_label;
	const struct svg_series	 *series;
	size_t			  nseries;	/* at most SVG_MAXSERIES */
};

#define SVG_MAXSERIES	6

/* Append the chart as one <svg> element; values outside the range are
 * clipped to it. */
void	 svg_chart(struct buf *, const struct svg_chart *);
/* Append text with & < > " ' escaped. */
void	 svg_text(struct buf *, const char *);

#endif
