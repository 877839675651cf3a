//! Order lines: the processors that require them (Klarna through Adyen or Checkout.com, Afterpay)
//! refuse lines that do not add up to the amount; checked here first, with a clear 1005.

use crate::protocol::{Money, OrderLine, SidecarError};

/// quantity × unitAmount over every line must equal the amount.
pub fn require_total(lines: &[OrderLine], amount: &Money, processor: &str) -> Result<(), SidecarError> {
    let total = lines.iter().fold(0i64, |sum, l| sum.saturating_add(l.total_minor()));
    if total != amount.minor_amount {
        return Err(SidecarError::invalid_field(
            "request.orderLines",
            format!(
                "{processor} requires the lines to add up to the amount: quantity × unitAmount totals {total}, the amount is {} ({})",
                amount.minor_amount, amount.currency
            ),
        ));
    }
    Ok(())
}
