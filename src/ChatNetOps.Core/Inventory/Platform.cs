namespace ChatNetOps.Core.Inventory;

/// <summary>Device operating system families the runbook catalog can target.</summary>
public enum Platform
{
    FortiOS,
    CiscoIos,
    CiscoNxos,
    Linux,
}
