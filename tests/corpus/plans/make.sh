#!/usr/bin/env bash
# Regenerates the corpus of plan documents in tests/corpus/plans/ from
# tests/support/plan_corpus.rs (raw WordprocessingML in a zip; OLE files through the cfb crate).
# tests/plan_doc.rs checks that the committed .docx files hold what that code writes, and reads
# every file of the corpus.
set -euo pipefail
cd "$(dirname "$0")/../../.."
cargo run -q --example make_plan_corpus -- tests/corpus/plans
