namespace ChatNetOps.Core.Checks;

/// <summary>What a compare rule wants of the rows it selects.</summary>
public enum CompareExpectation
{
    /// <summary>At least one row is selected (the neighbour is there).</summary>
    Exists,

    /// <summary>No row is selected (the error is gone).</summary>
    Absent,

    /// <summary>At least one row is selected and every one meets the rule's condition (the neighbour is FULL).</summary>
    Condition,

    /// <summary>A numeric field of each selected row grew by at most the rule's tolerance since the pre-check (counters).</summary>
    MaxIncrease,
}
