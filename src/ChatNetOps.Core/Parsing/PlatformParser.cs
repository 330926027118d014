namespace ChatNetOps.Core.Parsing;

/// <summary>The ordered line rules that read one platform's output of a runbook.</summary>
/// <param name="BlankMeansEmpty">
/// Output with nothing but blank or ignored lines is an empty table (IOS prints nothing at all when there are no OSPF
/// neighbours); otherwise such output is not recognised.
/// </param>
public sealed record PlatformParser(IReadOnlyList<LineRule> Rules, bool BlankMeansEmpty);
