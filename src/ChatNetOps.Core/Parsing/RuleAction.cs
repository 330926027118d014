namespace ChatNetOps.Core.Parsing;

/// <summary>What a matching line rule does (the TextFSM idea, cut to what runbook output needs).</summary>
public enum RuleAction
{
    /// <summary>Starts a new row from the rule's named groups.</summary>
    Record,

    /// <summary>
    /// Adds the named groups the current row does not have yet (a wrapped line, the next line of a multi-line record);
    /// starts a row when there is none.
    /// </summary>
    Fill,

    /// <summary>A line that proves the output is the expected one (a table header), capturing nothing.</summary>
    Header,

    /// <summary>A known line of no interest (a prompt echo, a separator); it does not prove anything.</summary>
    Ignore,
}
