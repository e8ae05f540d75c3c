"""SQL building blocks shared with the addons that build on crm_rfm."""
