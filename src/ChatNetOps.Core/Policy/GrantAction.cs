namespace ChatNetOps.Core.Policy;

public enum GrantAction
{
    Run,
    Approve,

    /// <summary>
    /// Manage incidents: open one (binding the conversation to it), close it, attach another conversation to an open
    /// one, change its severity. Runbooks and device groups do not apply; the grant's channel kinds say where from.
    /// </summary>
    Incident,

    /// <summary>
    /// Ask for the operations report in chat (<c>report [7d|30d]</c>): refusals, approval latency, incident timings and
    /// run outcomes from the verified audit trail. Runbooks and device groups do not apply; the grant's channel kinds
    /// say where from.
    /// </summary>
    Report,
}
