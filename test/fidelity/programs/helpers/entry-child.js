// Required by entry-module-identity.js: how a required module sees the entry.
exports.identity = () => ({
  ownIdIsPath: module.id === __filename,
  parentIsMain: module.parent === require.main,
  mainIsMe: require.main === module,
  mainId: require.main.id,
  parentId: module.parent && module.parent.id,
});
