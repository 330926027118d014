namespace ChatNetOps.Core.Policy;

public enum GrantAction
{
    Run,
    Approve,
}
