namespace ChatNetOps.Core.ChangeRecords;

public enum ChangeRecordLinkState
{
    /// <summary>Stored before the create call: a crash from here on means "ask before creating again".</summary>
    Creating,

    Created,
}
