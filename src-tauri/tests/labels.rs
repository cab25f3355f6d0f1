//! The window keeps the words of three of the core's enums in `ui/src/logic.ts` until the core
//! generates them into `labels.ts` with the others: this test fails when the two differ.

use taizhang::ledger::extensions::ExtensionState;
use taizhang::targets::TargetState;
use taizhang::task_life::CloseState;

fn key(v: impl serde::Serialize) -> String {
    serde_json::to_value(v)
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn the_windows_words_are_the_cores() {
    let logic = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/logic.ts"))
        .unwrap();
    let block = |name: &str| {
        let start = logic
            .find(&format!("export const {name}"))
            .unwrap_or_else(|| panic!("{name} in logic.ts"));
        let rest = &logic[start..];
        rest[..rest.find('}').unwrap()].to_string()
    };
    let extension_states = |s: ExtensionState| match s {
        // Every variant, so that a new one fails to compile here.
        ExtensionState::Pending | ExtensionState::Approved | ExtensionState::Rejected => s,
    };
    let mut checked = 0;
    let mut check = |name: &str, pairs: Vec<(String, &str)>| {
        let b = block(name);
        assert_eq!(
            b.matches(": '").count(),
            pairs.len(),
            "{name} has one word per variant: {b}"
        );
        for (k, label) in pairs {
            assert!(
                b.contains(&format!("{k}: '{label}'")),
                "{name}: {k} should be “{label}”: {b}"
            );
            checked += 1;
        }
    };
    check(
        "TARGET_STATE_LABELS",
        TargetState::ALL
            .iter()
            .map(|s| (key(s), s.label()))
            .collect(),
    );
    check(
        "CLOSE_STATE_LABELS",
        CloseState::ALL
            .iter()
            .map(|s| (key(s), s.label()))
            .collect(),
    );
    check(
        "EXTENSION_STATE_LABELS",
        [
            ExtensionState::Pending,
            ExtensionState::Approved,
            ExtensionState::Rejected,
        ]
        .map(extension_states)
        .iter()
        .map(|s| (key(s), s.label()))
        .collect(),
    );
    assert_eq!(checked, 13);
}
