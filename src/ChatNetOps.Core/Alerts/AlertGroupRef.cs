namespace ChatNetOps.Core.Alerts;

/// <summary>Names an <see cref="AlertGroup"/> from its incident: the incident's card shows every group attached to it.</summary>
public sealed record AlertGroupRef(AlertSource Source, string GroupKey);
