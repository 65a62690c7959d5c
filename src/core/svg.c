/*
 * The SVG chart writer (svg.h).  The layout is fixed: a value axis on
 * the left with five ticks, column labels below, the legend on top.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "svg.h"

#define ML	48	/* margins: left (tick labels) */
#define MR	12
#define MT	28	/* top (legend) */
#define MB	30	/* bottom (column labels) */

/* Fixed colours, distinguishable in grey print too. */
static const char *const colours[SVG_MAXSERIES] = {
	"#0d6efd", "#fd7e14", "#198754", "#6f42c1", "#dc3545", "#6c757d",
};

void
svg_text(struct buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		switch (*s) {
		case '&':
			buf_puts(b, "&amp;");
			break;
		case '<':
			buf_puts(b, "&lt;");
			break;
		case '>':
			buf_puts(b, "&gt;");
			break;
		case '"':
			buf_puts(b, "&quot;");
			break;
		case '\'':
			buf_puts(b, "&#39;");
			break;
		default:
			buf_append(b, s, 1);
		}
}

/* The y coordinate of a value, clipped to the plot. */
static double
ypos(const struct svg_chart *c, double v)
{
	double	 h = SVG_H - MT - MB, span = c->ymax - c->ymin;

	if (span <= 0)
		span = 1;
	if (v < c->ymin)
		v = c->ymin;
	if (v > c->ymax)
		v = c->ymax;
	return MT + h - (v - c->ymin) / span * h;
}

static void
axes(struct buf *b, const struct svg_chart *c, double colw)
{
	double	 v, y;
	size_t	 i;
	int	 k;

	for (k = 0; k <= 4; k++) {
		v = c->ymin + (c->ymax - c->ymin) * k / 4.0;
		y = ypos(c, v);
		buf_printf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
		    "y2=\"%.1f\" stroke=\"#dee2e6\"/>", ML, y, SVG_W - MR, y);
		buf_printf(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" "
		    "font-size=\"11\" fill=\"#495057\">%g", ML - 4, y + 4, v);
		svg_text(b, c->unit);
		buf_puts(b, "</text>");
	}
	for (i = 0; i < c->n; i++) {
		buf_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" "
		    "font-size=\"11\" fill=\"#495057\">",
		    ML + colw * (i + 0.5), SVG_H - MB + 16);
		svg_text(b, c->xlabels[i]);
		buf_puts(b, "</text>");
	}
}

static void
legend(struct buf *b, const struct svg_chart *c)
{
	size_t	 s;
	int	 x = ML;

	for (s = 0; s < c->nseries; s++) {
		buf_printf(b, "<rect x=\"%d\" y=\"8\" width=\"12\" height=\"12\" "
		    "fill=\"%s\"/><text x=\"%d\" y=\"18\" font-size=\"12\">",
		    x, colours[s], x + 16);
		svg_text(b, c->series[s].label);
		buf_puts(b, "</text>");
		/* CJK text is about one em a character; three bytes each. */
		x += 16 + 8 + 12 * (int)(strlen(c->series[s].label ?
		    c->series[s].label : "") / 2) + 12;
	}
	if (c->has_goal) {
		buf_printf(b, "<line x1=\"%d\" y1=\"14\" x2=\"%d\" y2=\"14\" "
		    "stroke=\"#dc3545\" stroke-width=\"2\" "
		    "stroke-dasharray=\"6 3\"/><text x=\"%d\" y=\"18\" "
		    "font-size=\"12\">", x, x + 20, x + 24);
		svg_text(b, c->goal_label);
		buf_puts(b, "</text>");
	}
}

void
svg_chart(struct buf *b, const struct svg_chart *c)
{
	double	 colw, bw, x, y, y0;
	size_t	 i, s, ns = c->nseries > SVG_MAXSERIES ? SVG_MAXSERIES :
		    c->nseries;
	int	 pen;

	colw = c->n > 0 ? (double)(SVG_W - ML - MR) / c->n : 0;
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" class=\"chart w-100\" role=\"img\" "
	    "font-family=\"sans-serif\"", SVG_W, SVG_H);
	if (c->id != NULL) {
		buf_puts(b, " id=\"");
		svg_text(b, c->id);
		buf_puts(b, "\"");
	}
	buf_puts(b, " aria-label=\"");
	svg_text(b, c->title);
	buf_puts(b, "\"><title>");
	svg_text(b, c->title);
	buf_puts(b, "</title>");
	axes(b, c, colw);
	y0 = ypos(c, c->ymin > 0 ? c->ymin : (c->ymax < 0 ? c->ymax : 0));
	for (s = 0; s < ns; s++) {
		const double *v = c->series[s].v;

		if (c->kind == SVG_BARS) {
			bw = colw * 0.8 / ns;
			for (i = 0; i < c->n; i++) {
				if (isnan(v[i]))
					continue;
				x = ML + colw * i + colw * 0.1 + bw * s;
				y = ypos(c, v[i]);
				buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" "
				    "width=\"%.1f\" height=\"%.1f\" "
				    "fill=\"%s\"><title>", x, y < y0 ? y : y0,
				    bw, fabs(y0 - y), colours[s]);
				svg_text(b, c->xlabels[i]);
				buf_printf(b, ": %g</title></rect>", v[i]);
			}
			continue;
		}
		/* A line, broken where a month has no value. */
		buf_printf(b, "<path fill=\"none\" stroke=\"%s\" "
		    "stroke-width=\"2\" d=\"", colours[s]);
		for (i = 0, pen = 0; i < c->n; i++) {
			if (isnan(v[i])) {
				pen = 0;
				continue;
			}
			buf_printf(b, "%s%.1f %.1f ", pen ? "L" : "M",
			    ML + colw * (i + 0.5), ypos(c, v[i]));
			pen = 1;
		}
		buf_puts(b, "\"/>");
		for (i = 0; i < c->n; i++) {
			if (isnan(v[i]))
				continue;
			buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" "
			    "fill=\"%s\"><title>", ML + colw * (i + 0.5),
			    ypos(c, v[i]), colours[s]);
			svg_text(b, c->xlabels[i]);
			buf_printf(b, ": %g</title></circle>", v[i]);
		}
	}
	if (c->has_goal) {
		y = ypos(c, c->goal);
		buf_printf(b, "<line class=\"goal\" x1=\"%d\" y1=\"%.1f\" "
		    "x2=\"%d\" y2=\"%.1f\" stroke=\"#dc3545\" "
		    "stroke-width=\"2\" stroke-dasharray=\"6 3\"/>", ML, y,
		    SVG_W - MR, y);
	}
	legend(b, c);
	buf_puts(b, "</svg>");
}
