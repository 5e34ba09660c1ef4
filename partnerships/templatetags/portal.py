"""Markup every page shares; no rules or queries here."""

from django import template
from django.utils.html import format_html

register = template.Library()


class TableRegionNode(template.Node):
    def __init__(self, nodelist, labelledby, label):
        self.nodelist, self.labelledby, self.label = nodelist, labelledby, label

    def render(self, context):
        if self.labelledby is not None:
            name = format_html('aria-labelledby="{}"', self.labelledby.resolve(context))
        else:
            name = format_html('aria-label="{}"', self.label.resolve(context))
        return format_html(
            '<div class="table-responsive" tabindex="0" role="region" {}>{}</div>',
            name,
            self.nodelist.render(context),
        )


@register.tag
def table_region(parser, token):
    """`{% table_region labelledby="caption-id" %}<table>…</table>{% endtable_region %}` (or `label="…"`).

    A table's own scroll box on narrow screens (WCAG 1.4.10), reachable and named for keyboard users.
    """
    bits = token.split_contents()
    options = dict(bit.split("=", 1) for bit in bits[1:])
    if len(options) != 1 or not options.keys() <= {"labelledby", "label"}:
        raise template.TemplateSyntaxError("table_region takes labelledby=… or label=…")
    nodelist = parser.parse(("endtable_region",))
    parser.delete_first_token()
    labelledby = options.get("labelledby")
    label = options.get("label")
    return TableRegionNode(
        nodelist,
        parser.compile_filter(labelledby) if labelledby else None,
        parser.compile_filter(label) if label else None,
    )


@register.simple_tag
def page_numbers(page):
    """The numbers of the pages around `page`, the first and the last; None for each gap between them.

    Computed from the page count alone, so a list of thousands of pages costs no more than one of ten.
    """
    numbers = page.paginator.get_elided_page_range(page.number, on_each_side=3, on_ends=1)
    return [None if number == page.paginator.ELLIPSIS else number for number in numbers]
