//! Keyboard shortcuts, and the copy and paste events egui delivers as events, as commands.

use egui::Key;

use super::command::{AppCommand, UiCommand};

/// The commands this frame's keys ask for. Only a text field takes keys for itself; a focused
/// canvas node does not.
pub fn shortcut_commands(ctx: &egui::Context) -> Vec<UiCommand> {
    let typing = ctx.text_edit_focused();
    let mut out = Vec::new();
    let mut commands: Vec<AppCommand> = AppCommand::ALL.to_vec();
    // More specific shortcuts first: Shift+F before F.
    commands.sort_by_key(|c| {
        std::cmp::Reverse(c.shortcut().map_or(0, |s| {
            u8::from(s.modifiers.shift) + u8::from(s.modifiers.command)
        }))
    });
    for cmd in commands {
        if typing && cmd.blocked_while_typing() {
            continue;
        }
        if let Some(shortcut) = cmd.shortcut()
            && ctx.input_mut(|i| i.consume_shortcut(&shortcut))
        {
            out.push(UiCommand::App(cmd));
        }
    }
    if typing {
        return out;
    }
    // Redo on Ctrl+Y too; copy and paste come as events rather than keys.
    let redo = egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, Key::Y);
    if ctx.input_mut(|i| i.consume_shortcut(&redo)) {
        out.push(UiCommand::App(AppCommand::Redo));
    }
    let (copy, paste) = ctx.input(|i| {
        (
            i.events.iter().any(|e| matches!(e, egui::Event::Copy)),
            i.events.iter().any(|e| matches!(e, egui::Event::Paste(_))),
        )
    });
    if copy {
        out.push(UiCommand::App(AppCommand::Copy));
    }
    if paste {
        out.push(UiCommand::App(AppCommand::Paste));
    }
    out
}
