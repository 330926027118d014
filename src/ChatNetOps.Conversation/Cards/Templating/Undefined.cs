namespace ChatNetOps.Conversation.Cards.Templating;

/// <summary>JavaScript's <c>undefined</c>: a value that is absent, as opposed to JSON <c>null</c>.</summary>
internal sealed class Undefined
{
    public static readonly Undefined Value = new();

    private Undefined()
    {
    }

    public override string ToString() => "undefined";
}
