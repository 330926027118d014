namespace ChatNetOps.Conversation.Rendering;

using ChatNetOps.Core.Parsing;

/// <summary>How a verdict reads in JSON and on cards (never the enum name).</summary>
internal static class Verdicts
{
    public static string Name(Verdict verdict) => verdict switch
    {
        Verdict.Ok => "ok",
        Verdict.Warning => "warning",
        _ => "problem",
    };

    /// <summary>The verdict as a card headline word.</summary>
    public static string Label(Verdict verdict) => verdict switch
    {
        Verdict.Ok => "OK",
        Verdict.Warning => "Warning",
        _ => "Problem",
    };
}
