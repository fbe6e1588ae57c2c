// mkdocs-material's inline <head> bootstrap (partials/javascripts/base.html,
// 9.8.1) as a file, for the CSP's script-src 'self' (see theme/partials/javascripts/base.html).
// Loaded synchronously in <head>, before Material's bundle, which uses these globals.
__md_scope=new URL(document.currentScript.getAttribute("data-scope"),location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}};
