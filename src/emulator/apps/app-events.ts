/** The System Log events of an app's lifecycle, as the Apps API and the demo org's history write them. */
import type { AppDoc, LogTarget } from '../store/types.js';

export type AppEvent = 'create' | 'update' | 'activate' | 'deactivate' | 'delete';

export const APP_EVENTS: Record<AppEvent, { eventType: string; displayMessage: string }> = {
  create: { eventType: 'application.lifecycle.create', displayMessage: 'Add application' },
  update: { eventType: 'application.lifecycle.update', displayMessage: 'Update application' },
  activate: { eventType: 'application.lifecycle.activate', displayMessage: 'Activate application' },
  deactivate: { eventType: 'application.lifecycle.deactivate', displayMessage: 'Deactivate application' },
  delete: { eventType: 'application.lifecycle.delete', displayMessage: 'Delete application' },
};

export function appTarget(app: AppDoc): LogTarget {
  return { id: app.id, type: 'AppInstance', alternateId: app.label, displayName: app.label, detailEntry: null };
}

/** What `audit` needs for one app event. */
export function appEvent(event: AppEvent, app: AppDoc): { eventType: string; displayMessage: string; target: LogTarget[] } {
  return { ...APP_EVENTS[event], target: [appTarget(app)] };
}
