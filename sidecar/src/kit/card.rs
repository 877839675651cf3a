//! Card checks every connector relies on: digits, Luhn, expiry, CVC, brand.

use crate::protocol::{Card, CardNumber, SidecarError};

pub fn luhn_valid(number: &str) -> bool {
    let digits: Vec<u32> = number.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != number.len() || digits.is_empty() {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                if d * 2 > 9 {
                    d * 2 - 9
                } else {
                    d * 2
                }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardBrand {
    Visa,
    Mastercard,
    Amex,
    Discover,
    Jcb,
    DinersClub,
    UnionPay,
    Maestro,
    Unknown,
}

impl CardBrand {
    pub fn detect(number: &str) -> CardBrand {
        let prefix = |n: usize| {
            number
                .get(..n)
                .and_then(|p| p.parse::<u32>().ok())
                .unwrap_or(0)
        };
        match () {
            _ if number.starts_with('4') => CardBrand::Visa,
            _ if (51..=55).contains(&prefix(2)) || (2221..=2720).contains(&prefix(4)) => {
                CardBrand::Mastercard
            }
            _ if prefix(2) == 34 || prefix(2) == 37 => CardBrand::Amex,
            _ if prefix(4) == 6011 || prefix(2) == 65 || (644..=649).contains(&prefix(3)) => {
                CardBrand::Discover
            }
            _ if (3528..=3589).contains(&prefix(4)) => CardBrand::Jcb,
            _ if prefix(2) == 36 || prefix(2) == 38 || (300..=305).contains(&prefix(3)) => {
                CardBrand::DinersClub
            }
            _ if prefix(2) == 62 => CardBrand::UnionPay,
            _ if matches!(
                prefix(4),
                5018 | 5020 | 5038 | 5893 | 6304 | 6759 | 6761 | 6762 | 6763
            ) || prefix(2) == 67 =>
            {
                CardBrand::Maestro
            }
            _ => CardBrand::Unknown,
        }
    }
}

/// Validates a card at the boundary so no connector sends a number the network would reject.
/// Errors name the field and never contain the number or the CVC.
pub fn validate_card(card: &Card, field: &str) -> Result<(), SidecarError> {
    validate_pan_and_expiry(&card.number, &card.exp_month, &card.exp_year, field)?;
    if let Some(cvc) = &card.cvc {
        let c = cvc.expose();
        if !(3..=4).contains(&c.len()) || !c.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SidecarError::invalid_field(
                &format!("{field}.cvc"),
                "cvc must be 3 or 4 digits".into(),
            ));
        }
    }
    Ok(())
}

/// The number and expiry checks a card, a network token and a decrypted wallet token share.
pub fn validate_pan_and_expiry(number: &CardNumber, exp_month: &str, exp_year: &str, field: &str) -> Result<(), SidecarError> {
    let masked = number.masked();
    let number = number.expose();
    if !(12..=19).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SidecarError::invalid_field(
            &format!("{field}.number"),
            "card number must be 12 to 19 digits, without spaces".into(),
        ));
    }
    if !luhn_valid(number) {
        return Err(SidecarError::invalid_field(
            &format!("{field}.number"),
            format!("card number {masked} fails the Luhn check"),
        ));
    }
    let month_ok = exp_month.len() == 2
        && exp_month.parse::<u8>().map(|m| (1..=12).contains(&m)).unwrap_or(false);
    if !month_ok {
        return Err(SidecarError::invalid_field(
            &format!("{field}.expMonth"),
            "expMonth must be two digits, 01 to 12".into(),
        ));
    }
    if exp_year.len() != 4 || !exp_year.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SidecarError::invalid_field(
            &format!("{field}.expYear"),
            "expYear must be four digits (YYYY)".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_vectors() {
        assert!(luhn_valid("4242424242424242"));
        assert!(luhn_valid("79927398713"));
        assert!(!luhn_valid("79927398710"));
        assert!(!luhn_valid("4242 4242 4242 4242"));
        assert!(!luhn_valid(""));
    }

    /// Published Luhn examples, and every test card number Stripe and Adyen document
    /// (oracles/testcards): valid, except the one Stripe documents as failing the check.
    #[test]
    fn luhn_against_published_numbers() {
        let vectors = crate::oracles::json("testcards/luhn-vectors.json");
        let stripe = crate::oracles::json("testcards/stripe-test-cards.json");
        let adyen = crate::oracles::json("testcards/adyen-test-cards.json");
        let mut cases: Vec<(String, bool)> = vec![];
        for v in vectors["vectors"].as_array().unwrap() {
            cases.push((v[0].as_str().unwrap().into(), v[1].as_bool().unwrap()));
        }
        for group in ["success", "declines", "other"] {
            for row in stripe[group].as_array().unwrap() {
                let row = row.as_array().unwrap();
                cases.push((
                    row[0].as_str().unwrap().into(),
                    row.last().unwrap().as_bool().unwrap(),
                ));
            }
        }
        for card in adyen["cards"].as_array().unwrap() {
            cases.push((
                card["number"].as_str().unwrap().into(),
                card["luhn_valid"].as_bool().unwrap(),
            ));
        }
        assert!(cases.len() > 60, "only {} numbers read", cases.len());
        assert!(
            cases.iter().any(|(_, valid)| !valid),
            "no invalid number among the cases"
        );
        for (number, valid) in &cases {
            assert_eq!(
                luhn_valid(number),
                *valid,
                "{}",
                &number[number.len() - 4..]
            );
        }
    }

    /// The brands Stripe names for its test cards.
    #[test]
    fn brands_of_stripes_test_cards() {
        let stripe = crate::oracles::json("testcards/stripe-test-cards.json");
        for row in stripe["success"].as_array().unwrap() {
            let (number, named) = (row[0].as_str().unwrap(), row[1].as_str().unwrap());
            let want = match named.split(' ').next().unwrap() {
                "visa" => CardBrand::Visa,
                "mastercard" => CardBrand::Mastercard,
                "amex" => CardBrand::Amex,
                "discover" => CardBrand::Discover,
                "jcb" => CardBrand::Jcb,
                "diners" => CardBrand::DinersClub,
                other => panic!("a brand this test does not know: {other}"),
            };
            assert_eq!(
                CardBrand::detect(number),
                want,
                "{named} ending {}",
                &number[number.len() - 4..]
            );
        }
    }

    #[test]
    fn brands() {
        assert_eq!(CardBrand::detect("4242424242424242"), CardBrand::Visa);
        assert_eq!(CardBrand::detect("5555555555554444"), CardBrand::Mastercard);
        assert_eq!(CardBrand::detect("2223003122003222"), CardBrand::Mastercard);
        assert_eq!(CardBrand::detect("378282246310005"), CardBrand::Amex);
        assert_eq!(CardBrand::detect("6011111111111117"), CardBrand::Discover);
    }
}
