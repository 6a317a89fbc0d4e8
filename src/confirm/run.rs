//! Sends the chosen manifests to their targets' `zoneadm attach -n -` (the manifest on
//! stdin, no `-z`: the zone need not be configured there), through the same transports
//! and limits as collection.

use std::collections::{BTreeMap, HashMap};

use futures_util::stream::{self, StreamExt};

use super::{Confirmation, Selected, agreement, parse_attach_report};
use crate::collect::command::RemoteCommand;
use crate::collect::run::{CollectOptions, HostPlan, open_transport};
use crate::collect::transport::{Call, Transport};

/// Asks every target about its selected pairs; hosts in flight and channels per host as
/// for collection. The result is in the order of `selected`.
pub async fn confirm(
    selected: &[Selected],
    manifests: &HashMap<(&str, &str), &[u8]>,
    plans: &[HostPlan],
    options: &CollectOptions<'_>,
) -> Vec<Confirmation> {
    let mut by_target: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, s) in selected.iter().enumerate() {
        by_target.entry(s.target.as_str()).or_default().push(i);
    }
    let answers: Vec<Vec<(usize, Result<_, String>)>> = stream::iter(by_target)
        .map(|(target, indexes)| async move {
            let Some(plan) = plans.iter().find(|p| p.name == target) else {
                let why = format!("host {target} is not in the inventory");
                return indexes.into_iter().map(|i| (i, Err(why.clone()))).collect();
            };
            ask_target(plan, &indexes, selected, manifests, options).await
        })
        .buffer_unordered(options.hosts_in_flight.max(1))
        .collect()
        .await;
    let mut reports: Vec<Option<Result<_, String>>> = vec![None; selected.len()];
    for (i, answer) in answers.into_iter().flatten() {
        if let Some(slot) = reports.get_mut(i) {
            *slot = Some(answer);
        }
    }
    selected
        .iter()
        .zip(reports)
        .map(|(s, report)| {
            let report = report.unwrap_or_else(|| Err("not asked".to_string()));
            Confirmation {
                agreement: agreement(&s.prediction, &report),
                zone: s.zone.clone(),
                source: s.source.clone(),
                target: s.target.clone(),
                prediction: s.prediction.clone(),
                report,
            }
        })
        .collect()
}

async fn ask_target(
    plan: &HostPlan,
    indexes: &[usize],
    selected: &[Selected],
    manifests: &HashMap<(&str, &str), &[u8]>,
    options: &CollectOptions<'_>,
) -> Vec<(usize, Result<super::AttachReport, String>)> {
    let transport = match open_transport(plan, options).await {
        Ok(t) => t,
        Err(e) => {
            let why = e.to_string();
            return indexes.iter().map(|&i| (i, Err(why.clone()))).collect();
        }
    };
    let transport_ref: &dyn Transport = transport.as_ref();
    let command = RemoteCommand::AttachDryRun;
    let text = command.text(plan.escalation);
    let (command_ref, text_ref) = (&command, text.as_str());
    let answers = stream::iter(indexes.iter().copied())
        .map(|i| async move {
            let Some(s) = selected.get(i) else {
                return (i, Err("no such pair".to_string()));
            };
            let Some(manifest) = manifests.get(&(s.source.as_str(), s.zone.as_str())) else {
                return (i, Err("its manifest was not collected".to_string()));
            };
            let answer = transport_ref
                .run(Call {
                    command: command_ref,
                    text: text_ref,
                    stdin: Some(manifest),
                })
                .await
                .map_err(|e| e.to_string())
                .and_then(|out| {
                    // The shell's "not found" / "not executable": zoneadm did not run.
                    if matches!(out.exit, 126 | 127) {
                        let said = String::from_utf8_lossy(&out.stderr);
                        return Err(format!(
                            "zoneadm could not be run (exit {}): {}",
                            out.exit,
                            said.lines().next().unwrap_or_default()
                        ));
                    }
                    Ok(parse_attach_report(&out.stdout, &out.stderr, out.exit))
                });
            (i, answer)
        })
        .buffer_unordered(plan.channels.max(1))
        .collect()
        .await;
    transport.close().await;
    answers
}
