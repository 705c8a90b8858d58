/**
 * How old each source document is, where the document itself says so, so that a reader can
 * judge whether the tool may have changed since. `published` is the date the document carries;
 * `note` names a `guide.sourceNote.<note>` string (e.g. the page it describes has changed since).
 * Documents that carry no date are absent, and nothing is shown for them.
 */
export interface SourceAge {
  published?: string;
  note?: 'olderPage' | 'screenshots2022';
}

export const SOURCE_AGES: Readonly<Record<string, SourceAge>> = {
  // The unified-accounts article: dated 2022-11-09; it describes the older Seller Central page
  // (Unified Account, "Unify accounts"), which Amazon now calls Merge Accounts.
  '002_1bb75a1001718118.txt': { published: '2022-11-09', note: 'olderPage' },
  // The SaleYee guide carries no date; the app list in it shows authorizations of September 2022.
  '003_a290e3d4cc734497.txt': { note: 'screenshots2022' },
  // The Brand Registry appeal article: dated 2023-04-23.
  '004_05de035213ff7dc5.txt': { published: '2023-04-23' },
};
