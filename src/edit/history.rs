//! Undo and redo with whole-document snapshots, grouped into transactions.
//!
//! A snapshot cannot have a wrong inverse, and our documents are small. A drag is one
//! transaction: `begin` when it starts, edits every frame, `commit` on release (which records
//! nothing if nothing changed) or `abort` on Escape (which gives back the document as it was).

use crate::model::Document;

/// Most undo steps kept.
const MAX_STEPS: usize = 200;

#[derive(Clone, Debug)]
struct Step {
    label: String,
    document: Document,
}

/// The undo and redo stacks.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    open: Option<Step>,
}

impl History {
    /// Records that `before` was the document before an edit named `label`.
    pub fn record(&mut self, label: impl Into<String>, before: Document) {
        if self.open.is_some() {
            // Inside a transaction, the transaction's snapshot already covers this edit.
            return;
        }
        self.push(Step {
            label: label.into(),
            document: before,
        });
    }

    /// Starts a transaction; edits until `commit` make one undo step.
    pub fn begin(&mut self, label: impl Into<String>, before: Document) {
        if self.open.is_none() {
            self.open = Some(Step {
                label: label.into(),
                document: before,
            });
        }
    }

    /// Whether a transaction is open.
    pub fn in_transaction(&self) -> bool {
        self.open.is_some()
    }

    /// Ends the transaction; records it unless `current` equals the document it started from.
    pub fn commit(&mut self, current: &Document) {
        if let Some(step) = self.open.take()
            && step.document != *current
        {
            self.push(step);
        }
    }

    /// Ends the transaction without recording it; returns the document to go back to.
    pub fn abort(&mut self) -> Option<Document> {
        self.open.take().map(|s| s.document)
    }

    fn push(&mut self, step: Step) {
        self.undo.push(step);
        if self.undo.len() > MAX_STEPS {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Undoes the last step: returns the document to show, taking the current one for redo.
    pub fn undo(&mut self, current: Document) -> Option<Document> {
        let step = self.undo.pop()?;
        self.redo.push(Step {
            label: step.label.clone(),
            document: current,
        });
        Some(step.document)
    }

    /// Redoes the last undone step.
    pub fn redo(&mut self, current: Document) -> Option<Document> {
        let step = self.redo.pop()?;
        self.undo.push(Step {
            label: step.label.clone(),
            document: current,
        });
        Some(step.document)
    }

    /// What Undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// What Redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Number of undo steps.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::import_text;
    use crate::edit::Edit;
    use emath::pos2;

    #[test]
    fn a_transaction_is_one_step_and_abort_restores() {
        let mut doc = Document::new(
            import_text(
                "Resources:\n  A: {Type: AWS::SNS::Topic}\n",
                "t",
                None,
                false,
            )
            .unwrap()
            .template,
        );
        let original = doc.clone();
        let mut h = History::default();
        h.begin("Move", doc.clone());
        for i in 0..30 {
            #[expect(clippy::cast_precision_loss, reason = "test")]
            let x = i as f32;
            doc.apply(Edit::MoveBoxes(vec![("A".into(), pos2(x, 0.0))]))
                .unwrap();
            h.record("Move", doc.clone());
        }
        h.commit(&doc);
        assert_eq!(h.undo_len(), 1);
        assert_eq!(h.undo_label(), Some("Move"));
        let back = h.undo(doc.clone()).unwrap();
        assert_eq!(back, original);
        let again = h.redo(back).unwrap();
        assert_eq!(again, doc);

        h.begin("Move", again.clone());
        assert_eq!(h.abort(), Some(again.clone()));
        h.begin("Nothing", again.clone());
        h.commit(&again);
        assert_eq!(h.undo_len(), 1, "an empty transaction records nothing");
    }
}
