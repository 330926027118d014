namespace ChatNetOps.Core.Parsing;

using System.Text.RegularExpressions;

/// <summary>One ordered line rule of a platform parser: in <paramref name="State"/>, a line matching <paramref name="Match"/> does <paramref name="Action"/> and moves to <paramref name="Next"/>.</summary>
public sealed record LineRule(Regex Match, RuleAction Action, string State, string? Next);
