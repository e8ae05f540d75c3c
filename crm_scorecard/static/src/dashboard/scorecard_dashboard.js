/** @odoo-module **/

import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { formatFloat } from "@web/core/utils/numbers";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

const SPARK_WIDTH = 120;
const SPARK_HEIGHT = 28;

export class ScorecardDashboard extends Component {
    static template = "crm_scorecard.Dashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null, periodType: "month", periodStart: false, companyId: false, teamId: false });
        onWillStart(() => this.load());
    }

    async load() {
        // One call returns every card: the dashboard reads stored values only.
        const data = await this.orm.call("crm.scorecard.value", "get_dashboard_data", [], {
            company_id: this.state.companyId || false,
            team_id: this.state.teamId || false,
            period_type: this.state.periodType,
            period_start: this.state.periodStart || false,
        });
        this.state.data = data;
        this.state.companyId = data.company_id;
        this.state.periodStart = data.period_start;
    }

    get groups() {
        const data = this.state.data;
        return data.perspectives.map(([key, label]) => ({
            key,
            label,
            cards: data.cards.filter((card) => card.perspective === key),
        }));
    }

    format(value, unit) {
        if (value === null || value === undefined) {
            return "–";
        }
        const digits = unit === "count" ? 0 : unit === "money" ? 2 : 1;
        const text = formatFloat(value, { digits: [false, digits] });
        if (unit === "percent") {
            return `${text} %`;
        }
        if (unit === "money") {
            return `${text} ${this.state.data.currency_symbol || ""}`;
        }
        if (unit === "hours") {
            return `${text} h`;
        }
        return text;
    }

    sparkline(series) {
        const points = series.map((value, index) => [index, value]).filter(([, value]) => value !== null);
        if (points.length < 2) {
            return "";
        }
        const values = points.map(([, value]) => value);
        const low = Math.min(...values);
        const span = Math.max(...values) - low || 1;
        const step = SPARK_WIDTH / Math.max(series.length - 1, 1);
        return points
            .map(([index, value]) => `${(index * step).toFixed(1)},${(SPARK_HEIGHT - 2 - ((value - low) / span) * (SPARK_HEIGHT - 4)).toFixed(1)}`)
            .join(" ");
    }

    async onFilter(field, ev) {
        const value = ev.target.value;
        this.state[field] = field === "companyId" || field === "teamId" ? parseInt(value) || false : value;
        if (field !== "periodStart") {
            this.state.periodStart = false;
        }
        if (field === "companyId") {
            this.state.teamId = false;
        }
        await this.load();
    }

    async openCard(card) {
        if (!card.value_id) {
            return;
        }
        const action = await this.orm.call("crm.scorecard.value", "action_open_value", [card.value_id]);
        this.action.doAction(action);
    }

    exportUrl() {
        const data = this.state.data;
        const periods = data.periods;
        const params = new URLSearchParams({
            company_id: data.company_id,
            period_type: data.period_type,
            date_from: periods.length ? periods[Math.min(periods.length - 1, 11)] : data.period_start,
            date_to: data.period_start,
        });
        if (data.team_id) {
            params.set("team_id", data.team_id);
        }
        return `/crm_scorecard/export.xlsx?${params.toString()}`;
    }

    get statusTitles() {
        return { green: _t("On target"), amber: _t("Watch"), red: _t("Off target"), none: _t("No target") };
    }
}

registry.category("actions").add("crm_scorecard.dashboard", ScorecardDashboard);
