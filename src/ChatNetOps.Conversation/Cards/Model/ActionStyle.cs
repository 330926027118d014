namespace ChatNetOps.Conversation.Cards.Model;

public enum ActionStyle
{
    Default,
    Positive,
    Destructive,
}
