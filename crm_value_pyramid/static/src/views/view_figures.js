/** @odoo-module **/
/**
 * The figures a chart of customer values reads beside it, from a method of
 * crm.value.line given the view's domain, loaded again when the search
 * changes (the pyramid's table, the whale curve's peak and losses).
 */
import { onWillStart, onWillUpdateProps, useState } from "@odoo/owl";
import { useService } from "@web/core/utils/hooks";

export function useValueFigures(method, props) {
    const orm = useService("orm");
    const figures = useState({ data: null });
    const load = async (model) => {
        figures.data = await orm.call("crm.value.line", method, [model.searchParams.domain]);
    };
    onWillStart(() => load(props.model));
    onWillUpdateProps((nextProps) => load(nextProps.model));
    return figures;
}
