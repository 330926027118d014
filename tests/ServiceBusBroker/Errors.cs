namespace ChatNetOps.ServiceBusBroker;

using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;

/// <summary>Service Bus error conditions as the SDK maps them (Azure.Messaging.ServiceBus src/Amqp/AmqpExceptionHelper.cs).</summary>
internal static class Errors
{
    public static readonly AmqpSymbol MessageLockLost = new("com.microsoft:message-lock-lost");

    public static readonly AmqpSymbol DeadLetter = new("com.microsoft:dead-letter");

    public static Error LockLost(Guid lockToken) => new()
    {
        Condition = MessageLockLost,
        Description = $"The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue. Lock token {lockToken}.",
    };

    public static AmqpException NotFound(string what) => new(AmqpErrorCode.NotFound, $"The messaging entity '{what}' could not be found.");

    public static AmqpException Unauthorized(string why) => new(AmqpErrorCode.UnauthorizedAccess, why);
}
