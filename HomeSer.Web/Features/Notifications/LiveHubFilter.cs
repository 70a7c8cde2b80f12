using Microsoft.AspNetCore.SignalR;

namespace HomeSer.Web.Features.Notifications;

/// <summary>
/// The one place hub method failures are logged. A refusal (HubException: a channel the caller may not see, a malformed
/// name) is an expected answer and logged at information without a stack trace; anything else is an error. SignalR's
/// own dispatcher, which logs every failure as an error, is turned down in <see cref="NotificationsSetup"/>.
/// </summary>
public sealed class LiveHubFilter(ILogger<LiveHubFilter> logger) : IHubFilter
{
    public const string DispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(context);
        }
        catch (HubException refused)
        {
            logger.LogInformation("Refused {HubMethod} for user {UserId}: {Reason}",
                context.HubMethodName, context.Context.UserIdentifier, refused.Message);
            throw;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Hub method {HubMethod} failed for user {UserId}", context.HubMethodName, context.Context.UserIdentifier);
            throw;
        }
    }
}
