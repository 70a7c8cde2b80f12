using Microsoft.AspNetCore.SignalR;

namespace HomeSer.Web.Features.Notifications;

/// <summary>
/// Logs a hub method's unexpected failure, but not a <see cref="HubException"/>: that is the hub refusing a request
/// (a channel the caller may not see), answered to the client and no fault of the server. SignalR's own dispatcher
/// log, which would print both as errors with stack traces, is turned down in <see cref="NotificationsSetup"/>.
/// </summary>
public sealed class HubErrorLogging(ILogger<HubErrorLogging> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (Exception exception) when (exception is not HubException)
        {
            logger.LogError(exception, "Hub method {Method} failed", invocationContext.HubMethodName);
            throw;
        }
    }
}
